"""The batch: a folder of disclosures in, a dataset and a report per department-year out.

- :mod:`.plan` — the folder's files grouped into disclosures; one job per department-year,
  paired with the year before (a 决算 with its 预算), up-to-date reports skipped;
- :mod:`.pool` — the worker processes that run the jobs on warm kernels;
- :mod:`.runner` — :func:`run`: discovery, the dataset written once per input
  (:mod:`budgetkit.dataset`), the jobs, the index (:mod:`budgetkit.report.index`).
"""

from budgetkit.batch.plan import Disclosure, Job, discover, facts_of_file, group_key, pair_years, up_to_date
from budgetkit.batch.pool import Progress, run_job, warm_worker
from budgetkit.batch.runner import BatchResult, Ingested, describe, ingest, run

__all__ = ["BatchResult", "Disclosure", "Ingested", "Job", "Progress", "describe", "discover", "facts_of_file", "group_key", "ingest",
           "pair_years", "run", "run_job", "up_to_date", "warm_worker"]
