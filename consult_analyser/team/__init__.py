"""team package."""
