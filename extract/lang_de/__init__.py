"""German language data for geokg: lexicon tables and gazetteers, read as package data."""
