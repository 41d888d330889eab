"""German language data for geokg: lexicon tables and gazetteers, read as package data."""
from geokg.native import activate

activate(__path__, "lang_de")  # its compiled modules, as geokg.extract's (geokg/native.py)
