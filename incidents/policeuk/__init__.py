"""data.police.uk, pulled by itself: the API client (polite and patient), the mapping of the
API's crimes to the rows of a downloaded street CSV, and the pull that imports new months
through the same path as uploads.

* ``categories``: the API's category slugs and the CSV's crime types;
* ``client``: HTTP with a token bucket (15 requests a second, bursts of 30) and retries;
* ``geography``: the partnership's polygon for the API, and points placed in LSOAs;
* ``rows``: API crimes to street-CSV rows;
* ``services``: the pull (one at a time, resumable), and ``selectors`` for its page.
"""
