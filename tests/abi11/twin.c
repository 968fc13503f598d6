/* One shared library in incompatible builds: the same symbol, another
   behaviour per build (TWIN_BUILD), another soname. The isolation test loads
   plugins linked against two of them into a host linked against a third. */
int twin_build(void) { return TWIN_BUILD; }
