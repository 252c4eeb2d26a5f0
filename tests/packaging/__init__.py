"""What ships: the wheel and sdist, the generated docs, the type stubs."""
