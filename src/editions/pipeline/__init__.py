"""The build pipeline: what is stale, the build of one language, the release, the site around
the editions, the Read the Docs replay, the preview, release tags."""
