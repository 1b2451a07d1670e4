"""The board report: a paper for the corporate parenting board, in Word and as a tagged PDF.

`model` makes the document from published figures only; `word` and `pdf` (through `html`) lay it
out. Each format is a row of FORMATS: what the file is called, its type, and the writer.
"""
