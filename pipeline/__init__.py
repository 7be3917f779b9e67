"""The pipeline behind the final report of Tillväxtverket's programme Regionala kompetensplattformar.

Stages (each a module in `pipeline.stages` with one public `run`, declared once in
`pipeline.stages.STAGES`): extract → validate → aggregate → review → workbook → render → underlag → html.
They meet only through files in the outputs folder (see `pipeline.paths`).
"""

__version__ = "0.1.0"
