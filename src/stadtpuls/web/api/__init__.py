"""The JSON API under ``/api/v1``, one module per resource; bearer tokens, same roles as pages."""
