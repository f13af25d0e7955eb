"""The dataset: tidy lines written to ``data/processed`` and read back — its one writer.

- :mod:`.files` — one document's lines as Parquet and CSV (``budgetkit parse``), written
  atomically, and :func:`read_lines`: lines read back from any of them, validated;
- :mod:`.partitions` — many documents' lines as a Parquet dataset partitioned by year and
  department (``budgetkit batch``), its combined CSV and ``datapackage.json``.
"""

from budgetkit.dataset.files import read_lines, write_document
from budgetkit.dataset.partitions import DATASET, datapackage, partition_path, partition_value, write_dataset_files

__all__ = ["DATASET", "datapackage", "partition_path", "partition_value", "read_lines", "write_dataset_files",
           "write_document"]
