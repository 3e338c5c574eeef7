"""Printed products made with Typst from plain data: the policy handbook (政策读本)."""
