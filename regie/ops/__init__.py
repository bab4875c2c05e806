"""Running the portal: deployment checks, /health/, the scheduled commands and their runs, file storage, log lines
and warming up a process."""
