/** A `Dataset` over values held in memory, for encoder tests without files. */
import type { DatasetHeader, NetcdfDimension, NetcdfType } from '../../../../src/netcdf/datasetHeader.js';
import { checkHyperslab, valueWidth, type Dataset, type Hyperslab, type ReadOptions } from '../../../../src/netcdf/reader.js';

export interface MemoryVariable {
  readonly type: NetcdfType;
  readonly dimensions: readonly string[];
  /** Big-endian values, row-major; for `string`, the texts. */
  readonly values: Buffer | readonly string[];
}

export function memoryDataset(dimensions: readonly NetcdfDimension[], variables: Record<string, MemoryVariable>, slabValues = 3): Dataset {
  const header: DatasetHeader = {
    dimensions,
    variables: Object.entries(variables).map(([name, v]) => ({ name, type: v.type, dimensions: v.dimensions, attributes: [] })),
    attributes: [],
    groups: [],
  };
  const shapeOf = (v: MemoryVariable): number[] => v.dimensions.map((d) => dimensions.find((x) => x.name === d)!.size);
  return {
    header,
    chunkShape: () => null,
    close: async () => {},
    async *read(name: string, slab: Hyperslab, opts?: ReadOptions) {
      const little = opts?.byteOrder === 'little';
      const v = variables[name]!;
      const shape = shapeOf(v);
      checkHyperslab(name, shape, slab);
      const indices: number[] = [];
      const walk = (k: number, flat: number): void => {
        if (k === slab.length) {
          indices.push(flat);
          return;
        }
        const r = slab[k]!;
        for (let i = 0; i < r.count; i++) walk(k + 1, flat * shape[k]! + r.start + i * r.stride);
      };
      walk(0, 0);
      const width = valueWidth(v.type);
      const encode = (i: number): Buffer => {
        if (width !== undefined) {
          const value = Buffer.from((v.values as Buffer).subarray(i * width, (i + 1) * width));
          return little ? value.reverse() : value;
        }
        const text = Buffer.from((v.values as readonly string[])[i]!, 'utf8');
        const n = Buffer.alloc(4);
        if (little) n.writeUInt32LE(text.length);
        else n.writeUInt32BE(text.length);
        return Buffer.concat([n, text]);
      };
      for (let at = 0; at < indices.length; at += slabValues) yield Buffer.concat(indices.slice(at, at + slabValues).map(encode));
    },
  };
}
