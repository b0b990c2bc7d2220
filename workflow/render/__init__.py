"""Rendering: fonts, the HTML of pages and leaflets from the templates, PDF through WeasyPrint
and its text layer, and where links may go. Takes editions; gives bytes to write."""
