'use strict';
// plotly.js with only the trace types mkviolence draws: scatter (lines, markers and the map's
// filled ward shapes; always part of plotly's core) and bar. Components (legend, hover, colour
// bar, image download) come with the core. No trace here compiles code from strings, so the
// bundle runs under a Content Security Policy without 'unsafe-eval'.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar')]);

module.exports = Plotly;
