import { createRoot } from "react-dom/client";
import "../../components/theme.css";
import "../../components/page.css";
import { Dashboard } from "./Dashboard";

const root = document.getElementById("root");
if (root) createRoot(root).render(<Dashboard />);
