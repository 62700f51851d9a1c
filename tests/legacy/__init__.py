"""The access selectors as they were before the scale rewrite (issue 14), kept verbatim but for their registration,
so a test can prove that each rewritten selector returns exactly the same rows."""
