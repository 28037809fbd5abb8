export * from "./availability";
export * from "./busy";
export * from "./catalogue";
export * from "./geocoder";
export * from "./holidays";
export * from "./slots";
export * from "./time";
