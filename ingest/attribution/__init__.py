"""Attribution, read once at ingest: who is speaking in each sentence and quotation of a document, and which
account an author's verdict favours. ``speakers.stored_attribution`` gives what the document record keeps."""
