"""The extractor: reports in, incidents out. The pure core is ``extract``; ``Resources`` holds the
lexicons and gazetteer it needs, loaded once."""

from services.extractor.pipeline import extract
from services.extractor.resources import Resources, load_resources

__all__ = ["extract", "Resources", "load_resources"]
