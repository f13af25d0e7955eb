import sys

from budgetkit.cli.main import main

sys.exit(main())
