/* Projects: the top of the inventory (name, unique slug, optional default destination). */
export { ZCreateProject, type TCreateProject, createProject } from "./create-project";
export { ZUpdateProject, type TUpdateProject, updateProject } from "./update-project";
export { deleteProject } from "./delete-project";
export { getProject, getProjectBySlug, listProjects } from "./get-project";
export type { ProjectView } from "./project-view";
export { slugify, ZSlug, ZName } from "./slug";
