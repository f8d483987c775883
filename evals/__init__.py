"""The eval suite: known Q&A pairs, scored for correctness, citations, refusals, disagreement and retrieval.

    items = load_dataset("evals/qa.jsonl")          # evals.dataset
    report = run_eval(items, engine)                # evals.runner (drives app only via Engine.ask)
    render_report(report, console)                  # evals.report
"""
