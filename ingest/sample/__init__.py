"""A generated demo corpus of gig-work labor disputes (fictional parties), with its ground truth."""

from ingest.sample.generator import generate_corpus, iter_documents

__all__ = ["generate_corpus", "iter_documents"]
