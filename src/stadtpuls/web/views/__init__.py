"""HTML pages, one module per area; every router checks the CSRF token of every form post."""
