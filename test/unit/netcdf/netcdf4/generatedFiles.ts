/**
 * CDL for the NetCDF-4 files the reader tests generate with ncgen: every NetCDF-4 type, contiguous,
 * deflate+shuffle chunked (chunks that do not divide the dimensions) and shuffle-only storage, fixed
 * and variable-length strings, nested groups with a shadowed dimension, an unlimited dimension one
 * variable is shorter along, scalars; and a NetCDF-4 classic model file.
 */

export const TIMES = 13;
export const LAT = 30;
export const LON = 40;

/** Deterministic pseudo-random numbers in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function values(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => make(i)).join(', ');
}

export function fullCdl(): string {
  const r = random(7);
  const field = (i: number): string => (r() < 0.05 ? '_' : (280 + 30 * Math.sin(i / 50) + r() * 4).toFixed(3));
  return `netcdf full {
dimensions:
  time = UNLIMITED ;
  lat = ${LAT} ;
  lon = ${LON} ;
  nchar = 8 ;
  bnds = 2 ;
variables:
  double time(time) ;
    time:units = "days since 1850-01-01" ;
    time:calendar = "noleap" ;
    time:bounds = "time_bnds" ;
  double time_bnds(time, bnds) ;
  float lat(lat) ;
    lat:units = "degrees_north" ;
  float lon(lon) ;
    lon:units = "degrees_east" ;
  float tas(time, lat, lon) ;
    tas:_Storage = "chunked" ;
    tas:_ChunkSizes = 5, 7, 9 ;
    tas:_DeflateLevel = 1 ;
    tas:_Shuffle = "true" ;
    tas:_FillValue = 1.e+20f ;
    tas:long_name = "Near-Surface Air Temperature" ;
    tas:valid_range = 150.f, 350.f ;
    tas:big = 9007199254740993LL, -2LL ;
    tas:ub = 200UB ;
    string tas:names = "a", "bb", "" ;
    tas:empty = "" ;
  double pr(time, lat, lon) ;
    pr:_Storage = "chunked" ;
    pr:_ChunkSizes = 13, 30, 40 ;
    pr:_DeflateLevel = 4 ;
  float orog(lat, lon) ;
    orog:_Storage = "contiguous" ;
  int ii(lat, lon) ;
    ii:_Storage = "chunked" ;
    ii:_ChunkSizes = 16, 16 ;
    ii:_Shuffle = "true" ;
  double partial(time) ;
  short flag(lat) ;
    flag:valid_range = 0s, 10s ;
  byte mask(lat) ;
  ubyte ub(lon) ;
  ushort us(lon) ;
  uint ui(lon) ;
  int64 i64(lon) ;
  uint64 u64(lon) ;
  char label(lat, nchar) ;
  string sname(lon) ;
  int scalar_i ;
  string scalar_s ;
  double scalar_d ;

// global attributes:
  :title = "generated for the NetCDF-4 reader tests" ;
  :history = "line one\\nline two" ;
  :int64_attr = 1234567890123LL ;
  :u64_attr = 18446744073709551615ULL ;
  string :keywords = "climate", "é ü", "" ;
  :doubles = 1.5, -2.25e-300, 1.e+300 ;
  :shorts = -3s, 7s ;
  :bytes = -128b, 127b ;
  :empty = "" ;
data:
  time = ${values(TIMES, (i) => String(i * 30 + 15))} ;
  time_bnds = ${values(TIMES * 2, (i) => String(Math.floor(i / 2) * 30 + (i % 2) * 30))} ;
  lat = ${values(LAT, (i) => (-87 + i * 6).toFixed(1))} ;
  lon = ${values(LON, (i) => (i * 9).toFixed(1))} ;
  tas = ${values(TIMES * LAT * LON, field)} ;
  pr = ${values(TIMES * LAT * LON, () => (r() * 1e-4).toExponential(6))} ;
  orog = ${values(LAT * LON, () => (r() * 5000 - 100).toFixed(2))} ;
  ii = ${values(LAT * LON, () => String(Math.floor((r() - 0.5) * 4e9)))} ;
  partial = 1, 2, 3, 4, 5 ;
  flag = ${values(LAT, (i) => String(i % 11))} ;
  mask = ${values(LAT, (i) => String((i * 37) % 256 - 128))} ;
  ub = ${values(LON, (i) => String((i * 7) % 256))} ;
  us = ${values(LON, (i) => String(i * 1600))} ;
  ui = ${values(LON, (i) => String(4294967295 - i * 1000003))} ;
  i64 = ${values(LON, (i) => String(BigInt(i) * 230584300921369395n - 4611686018427387904n))} ;
  u64 = ${values(LON, (i) => String(BigInt(i) * 461168601842738790n))} ;
  label = ${values(LAT, (i) => `"${'abcdefgh'.slice(0, i % 9)}"`)} ;
  sname = ${values(LON, (i) => `"${i % 5 === 0 ? '' : `station ${i} ${'ü'.repeat(i % 3)}`}"`)} ;
  scalar_i = -42 ;
  scalar_s = "a scalar string" ;
  scalar_d = 3.141592653589793 ;

group: sub {
  dimensions:
    n = 3 ;
  variables:
    ubyte v(n) ;
      v:units = "1" ;
    int w(lat, n) ;
  // group attributes:
    :gtitle = "sub group" ;
  data:
    v = 1, 2, 255 ;
    w = ${values(LAT * 3, (i) => String(i * 3 - 40))} ;

  group: deeper {
    variables:
      double d(n) ;
      int64 big(n) ;
      string s(n) ;
    data:
      d = 1.5, 2.5, 3.5 ;
      big = -9223372036854775807, 0, 9223372036854775807 ;
      s = "x", "", "zz" ;
  }
}

group: shadow {
  dimensions:
    lat = 2 ;
  variables:
    float a(/lat) ;
    float b(lat) ;
  data:
    a = ${values(LAT, (i) => String(i))} ;
    b = 4, 5 ;
}
}
`;
}

export function classicModelCdl(): string {
  const r = random(11);
  return `netcdf classic_model {
dimensions:
  time = UNLIMITED ;
  lat = ${LAT} ;
  lon = ${LON} ;
  strlen = 5 ;
variables:
  double time(time) ;
    time:units = "hours since 2000-01-01" ;
  float tas(time, lat, lon) ;
    tas:_Storage = "chunked" ;
    tas:_ChunkSizes = 1, ${LAT}, ${LON} ;
    tas:_DeflateLevel = 2 ;
    tas:_Shuffle = "true" ;
    tas:units = "K" ;
    tas:missing_value = -999.f ;
  short flag(lat) ;
  byte mask(lon) ;
  char code(lat, strlen) ;
  int scalar ;

// global attributes:
  :Conventions = "CF-1.8" ;
  :version = 2 ;
data:
  time = ${values(4, (i) => String(i * 6))} ;
  tas = ${values(4 * LAT * LON, () => (250 + r() * 60).toFixed(2))} ;
  flag = ${values(LAT, (i) => String(i - 15))} ;
  mask = ${values(LON, (i) => String(i % 2))} ;
  code = ${values(LAT, (i) => `"c${i}"`)} ;
  scalar = 7 ;
}
`;
}
