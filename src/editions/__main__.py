import sys

from editions.cli import main

sys.exit(main())
