export * from "./availability";
export * from "./catalogue";
export * from "./geocoder";
export * from "./holidays";
export * from "./slots";
export * from "./time";
