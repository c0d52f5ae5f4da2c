"""YAML with source positions, read safely, and a field language that validates as it reads:

    read.py    the file: bounded, UTF-8, composed into nodes, plain tags only, aliases bounded
    node.py    nodes with positions and accessors; what reading one document gathers
    kinds.py   shapes of fields and their kinds, read and described as JSON Schema
"""
from .kinds import (Bool, Choice, Date, Field, Integer, Kind, Length, MapOf, Number, OneOf,
                    Record, Seq, Shape, Text)
from .node import Node, Reading
from .read import MAX_EXPANDED_NODES, MAX_FILE_BYTES, load_yaml

__all__ = ["Bool", "Choice", "Date", "Field", "Integer", "Kind", "Length", "MAX_EXPANDED_NODES",
           "MAX_FILE_BYTES", "MapOf", "Node", "Number", "OneOf", "Reading", "Record", "Seq",
           "Shape", "Text", "load_yaml"]
