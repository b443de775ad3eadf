// Route table of /api/v1/students: the roster, its CSV import (preview then commit) and student
// accounts.
#pragma once

#include <string>
#include <vector>

#include "http/route.h"
#include "students/roster_import_service.h"
#include "students/student_account_service.h"
#include "students/student_service.h"

namespace korrigo::http {

struct StudentRouteDeps {
  students::StudentService* students;
  students::RosterImportService* imports;
  students::StudentAccountService* accounts;
  std::string site_url;  // printed on account slips
};

std::vector<Route> StudentRoutes(const StudentRouteDeps& deps);

}  // namespace korrigo::http
