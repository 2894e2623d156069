import sys

from editions import server

# A build goes to the project's build server when one runs (editions.server); the first
# build of a session runs here, then starts one for the next.
status = server.forward(sys.argv[1:])
if status is None:
    from editions.cli import main

    status = main()
    server.start(sys.argv[1:])
sys.exit(status)
