/* "/" sends people to the dashboard; the (panel) layout redirects to /login when nobody is signed in. */
import { redirect } from "next/navigation";

export default function Home(): never {
  redirect("/dashboard");
}
