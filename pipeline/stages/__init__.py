"""One module per stage; each has a single public entry point `run(inputs, outputs, ...)`."""
