"""The scale data set of the benchmark (`manage.py seed_scale`)."""
