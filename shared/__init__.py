"""What every Eventwire service shares: message schemas, stream names, settings and bus helpers.

Services import each other only through this package.
"""
