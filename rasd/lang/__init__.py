"""Language data packages (one small module per kind of data)."""
