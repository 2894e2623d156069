import signal
import sys

from editions.pipeline.release import INTERRUPTED  # the standard library only: loaded at once

status = None
try:
    from editions.cli import main

    status = main()
except KeyboardInterrupt:  # outside the command's own handler, as the modules load
    print(INTERRUPTED, file=sys.stderr)
    status = 130
# The command is over: a Ctrl-C as the interpreter exits would kill it by the signal, and its
# exit status would say it failed.
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(status)
