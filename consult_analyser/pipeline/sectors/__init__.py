"""sectors"""
