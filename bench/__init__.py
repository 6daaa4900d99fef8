"""The national-scale benchmark (bench/README.md): `make bench SCALE=1 DB=sqlite|postgres`."""
