// Nothing: what a statically linked Native AOT program costs before its first line.
return 0;
