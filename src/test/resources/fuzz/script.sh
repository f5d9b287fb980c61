#!/usr/bin/env python3 -u
print("hi")
