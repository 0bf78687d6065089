# The OPC-UA scalar types a node may declare, with what every consumer needs to know.
# kind: boolean | integer | float | string | datetime; numeric: usable as a model input.
# Integer ranges follow from `bits` and `signed` (UInt64 does not fit a Nix integer).
{
  Boolean  = { kind = "boolean";  numeric = false; };
  SByte    = { kind = "integer";  numeric = true; bits = 8;  signed = true; };
  Byte     = { kind = "integer";  numeric = true; bits = 8;  signed = false; };
  Int16    = { kind = "integer";  numeric = true; bits = 16; signed = true; };
  UInt16   = { kind = "integer";  numeric = true; bits = 16; signed = false; };
  Int32    = { kind = "integer";  numeric = true; bits = 32; signed = true; };
  UInt32   = { kind = "integer";  numeric = true; bits = 32; signed = false; };
  Int64    = { kind = "integer";  numeric = true; bits = 64; signed = true; };
  UInt64   = { kind = "integer";  numeric = true; bits = 64; signed = false; };
  Float    = { kind = "float";    numeric = true; bits = 32; };
  Double   = { kind = "float";    numeric = true; bits = 64; };
  String   = { kind = "string";   numeric = false; };
  DateTime = { kind = "datetime"; numeric = false; };
}
