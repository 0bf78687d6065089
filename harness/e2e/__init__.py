"""The end-to-end proof: inject values over OPC-UA and check them at every hop."""
