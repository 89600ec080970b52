import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import "../../components/page.css";
import { Options } from "./Options";

const root = document.getElementById("root");
if (root) createRoot(root).render(<Options />);
