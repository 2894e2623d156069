import signal
import sys

from editions.release import INTERRUPTED  # the standard library only: loaded at once

argv, status = sys.argv[1:], None
try:
    from editions import server

    # A build goes to the project's build server when one runs (editions.server); the
    # first build of a session runs here, then starts one for the next.
    status = server.forward(argv)
    if status is None:
        from editions.cli import main

        status = main()
        server.start(argv)
except KeyboardInterrupt:  # outside the command's own handler
    if status is None:  # as the modules load: nothing was done
        print(INTERRUPTED, file=sys.stderr)
        status = 130
# The command is over: a Ctrl-C as the interpreter exits would kill it by the signal, and its
# exit status would say it failed.
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(status)
