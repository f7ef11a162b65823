"""Translations of the content: the registry of translatable fields, which translations are
older than their Spanish source, and the translators' workspace (``/admin/traducciones``)."""
