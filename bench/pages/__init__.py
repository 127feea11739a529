"""The page benchmark (``make bench-pages``, issue 18): every key page against a bare view.

Each key page of Koers is served next to a *bare* Django view (``bench.bare``) that runs only
that page's minimal SQL on the same data and renders a plain table; both by one gunicorn,
loaded interleaved with wrk. ``data`` builds and caches the organisation, ``inprocess``
counts queries and profiles in one process, ``load`` serves and loads, ``report`` writes
``bench/results/pages_<database>.md`` and the SVG of the ratios.
"""
