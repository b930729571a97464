"""Tests of analystlab.methods: hand-checked small cases and properties of each formula."""
