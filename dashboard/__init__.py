"""Measures, trend figures, charts and the pages board members read."""
