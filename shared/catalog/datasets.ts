import type { DatasetInfo } from "./types";

/** Data sources of the Dataset node. MNIST ships with NetLoom; the others are files. */
export const DATA_SOURCES = ["mnist", "fashion-mnist", "csv", "idx"] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** Sources whose shape is known without reading a file. */
export const BUILTIN_DATASETS: Partial<Record<DataSource, DatasetInfo>> = {
  mnist: { xShape: [28, 28], yShape: [1], classes: 10, trainSamples: 60_000, testSamples: 10_000 },
  "fashion-mnist": { xShape: [28, 28], yShape: [1], classes: 10, trainSamples: 60_000, testSamples: 10_000 },
};

/** Class names shown in results; digits for MNIST, garments for Fashion-MNIST. */
export const CLASS_NAMES: Partial<Record<DataSource, readonly string[]>> = {
  mnist: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  "fashion-mnist": [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
  ],
};
