"""Vietnamese text, the ground floor: pure Python, no Django.

Everything here works on strings and is testable and fast on its own:

* ``text``       folding (diacritics and đ), syllables, bigrams, NFC;
* ``numbers``    document numbers ("10-CT/TW", "1193-QĐ/TU") parsed and normalised however they are typed;
* ``kinds``      document type codes and the words that name them ("QĐ" may be a Quyết định or a Quy định);
* ``citations``  references to other documents found in running text;
* ``encodings``  legacy Vietnamese encodings (TCVN3/ABC, VNI, Windows-1258) to Unicode;
* ``headers``    the header block of an official document (number, issuer, date, type, title);
* ``html_text``  HTML ↔ plain text for imported documents.

Nothing here may import Django or any app of the project (an import-linter contract checks it).
"""
