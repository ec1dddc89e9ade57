"""Analysis steps. Each takes plain data or a store, a progress callback, and never imports Qt."""
