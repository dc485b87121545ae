"""Reads a symbolic link in a tight loop until a stop file appears; prints how often it was read
and how often it was missing. A switch that removes the link and then makes a new one shows up
as missing reads; a rename over the old link never does."""
import os
import sys

link, stop, ready = sys.argv[1:4]
seen = missing = 0
open(ready, "w").close()
while not os.path.exists(stop):
    try:
        os.readlink(link)
        seen += 1
    except OSError:
        missing += 1
print(seen, missing)
