"""Packaging shim: everything declarative lives in setup.cfg."""

import setuptools

setuptools.setup()
